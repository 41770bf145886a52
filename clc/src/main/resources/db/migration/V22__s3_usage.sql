-- S3 usage, as Walrus reports it (GetWalrusUsage): a bucket is held like a volume, but by its bytes,
-- which change while it is held (each change closes one interval and opens the next); the requests
-- naming its buckets are counted per account, user and hour. Byte-milliseconds pass what a bigint
-- holds within a day for a bucket of a hundred GiB, hence numeric.
alter table usage_open add column size_bytes bigint default 0 not null;
alter table usage_intervals add column size_bytes bigint default 0 not null;
alter table usage_hourly add column byte_ms numeric(38, 0) default 0 not null;
alter table usage_hourly add column requests bigint default 0 not null;
alter table usage_daily add column byte_ms numeric(38, 0) default 0 not null;
alter table usage_daily add column requests bigint default 0 not null;
