-- Multipart uploads in progress, and their parts (each part's data is a file like an object's).
create table walrus_uploads (
  upload_id     varchar(40)   primary key,
  bucket        varchar(63)   not null references walrus_buckets(name),
  object_key    varchar(1024) not null,
  owner_account varchar(12)   not null,
  content_type  varchar(255),
  metadata      varchar(8192),
  initiated     timestamp(6) with time zone not null
);

create table walrus_parts (
  upload_id     varchar(40) not null references walrus_uploads(upload_id),
  part_number   integer     not null,
  data_id       varchar(36) not null,
  size          bigint      not null,
  etag          varchar(64) not null,
  last_modified timestamp(6) with time zone not null,
  primary key (upload_id, part_number)
);
