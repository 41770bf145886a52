-- Walrus's metadata: buckets and objects. Object data lives in files named by data_id.
create table walrus_buckets (
  name          varchar(63)  primary key,
  owner_account varchar(12)  not null,
  location      varchar(64),
  created       timestamp(6) with time zone not null
);

create table walrus_objects (
  bucket        varchar(63)   not null references walrus_buckets(name),
  object_key    varchar(1024) not null,
  data_id       varchar(36)   not null,
  size          bigint        not null,
  etag          varchar(64)   not null,
  content_type  varchar(255),
  metadata      varchar(8192),
  owner_account varchar(12)   not null,
  last_modified timestamp(6) with time zone not null,
  primary key (bucket, object_key)
);
