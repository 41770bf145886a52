-- Requests per bucket and hour, for the cloud's usage reports (issue 21): counted in memory as they
-- come and added here every few seconds, credited to the bucket's owner account and creator user as
-- they were when counted. The CLC reads them (GetWalrusUsage) and keeps its own copy; rows older
-- than Walrus keeps them (RequestCounts.KEEP) are removed.
create table walrus_request_counts (
  hour_start    timestamp(6) with time zone not null,
  bucket        varchar(63)  not null,
  owner_account varchar(12)  not null,
  creator_user  varchar(32)  not null,
  requests      bigint       not null,
  primary key (hour_start, bucket, owner_account, creator_user)
);
