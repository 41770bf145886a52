-- Who created each bucket (a user id of the CLC's users; null for buckets made before this), for
-- per-user quotas (s3:quota-bucketnumber, s3:quota-buckettotalsize on a user's policies).
alter table walrus_buckets add column creator_user varchar(32);
create index walrus_buckets_owner on walrus_buckets(owner_account);
create index walrus_buckets_creator on walrus_buckets(creator_user);

-- One row per account whose quotas are being checked: a request that counts an account's buckets
-- or bytes locks its row first (select ... for update), so two requests, in this Walrus or in
-- another sharing the database, never both take the last slot.
create table walrus_quota_locks (
  name varchar(64) primary key
);
