-- Usage, for the reports (issue 21): what each account held, where, and for how long. The CLC's
-- recorder (the leader's) opens an interval when it first sees a resource held (from the resource's
-- own start time) and closes it when the resource ends; a closed interval is added, millisecond
-- by millisecond, to the hours it spans in usage_hourly at once, so a report over a year reads hourly rows,
-- not intervals. Closed intervals (the raw events) are kept for CLC_USAGE_RAW_KEEP_DAYS, for reports
-- whose range starts or ends inside an hour.
create table usage_open (
  kind            varchar(16)  not null,  -- instance, volume, snapshot, address
  resource_id     varchar(64)  not null,
  account_number  varchar(12)  not null,
  user_id         varchar(32)  not null,
  zone            varchar(64)  not null,
  detail          varchar(32)  not null,  -- an instance's type; empty for the others
  size_gib        bigint       not null,  -- a volume's or snapshot's size; 0 for the others
  cores           integer      not null,
  memory_mb       integer      not null,
  since           timestamp(6) with time zone not null,
  primary key (kind, resource_id)
);

create table usage_intervals (
  kind            varchar(16)  not null,
  resource_id     varchar(64)  not null,
  account_number  varchar(12)  not null,
  user_id         varchar(32)  not null,
  zone            varchar(64)  not null,
  detail          varchar(32)  not null,
  size_gib        bigint       not null,
  cores           integer      not null,
  memory_mb       integer      not null,
  since           timestamp(6) with time zone not null,
  until           timestamp(6) with time zone not null,
  primary key (kind, resource_id, since)
);
create index usage_intervals_until on usage_intervals(until);

create table usage_hourly (
  hour_start        timestamp(6) with time zone not null,
  account_number    varchar(12)  not null,
  user_id           varchar(32)  not null,
  zone              varchar(64)  not null,
  kind              varchar(16)  not null,
  detail            varchar(32)  not null,
  held_ms           bigint       not null,  -- milliseconds held
  gib_ms            bigint       not null,  -- GiB-milliseconds (volumes, snapshots)
  core_ms           bigint       not null,  -- core-milliseconds (instances)
  memory_mb_ms      bigint       not null,  -- MiB-milliseconds (instances)
  primary key (hour_start, account_number, user_id, zone, kind, detail)
);
create index usage_hourly_account on usage_hourly(account_number, hour_start);

-- The same by day (UTC), so a report over a year reads 365 rows per line, not 8,760.
create table usage_daily (
  day_start         timestamp(6) with time zone not null,
  account_number    varchar(12)  not null,
  user_id           varchar(32)  not null,
  zone              varchar(64)  not null,
  kind              varchar(16)  not null,
  detail            varchar(32)  not null,
  held_ms           bigint       not null,
  gib_ms            bigint       not null,
  core_ms           bigint       not null,
  memory_mb_ms      bigint       not null,
  primary key (day_start, account_number, user_id, zone, kind, detail)
);
create index usage_daily_account on usage_daily(account_number, day_start);
