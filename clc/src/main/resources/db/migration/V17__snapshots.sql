-- EBS snapshots (clc-snapshots): what the CLC knows of each; the bytes are in Walrus, kept by the
-- storage controller of the zone the snapshot was taken in. pending -> completed | error; deleting
-- while the SC removes it (the row goes once it has).
create table snapshots (
  snapshot_id     varchar(16)  primary key,
  account_number  varchar(12)  not null,
  user_id         varchar(32),
  volume_id       varchar(16)  not null,
  volume_size_gib integer      not null,
  zone            varchar(64)  not null,
  state           varchar(16)  not null,
  progress        varchar(8)   not null,
  state_reason    varchar(255),
  start_time      timestamp(6) with time zone not null,
  description     varchar(255)
);
create index snapshots_account on snapshots(account_number);
create index snapshots_zone_state on snapshots(zone, state);

-- Who may create volumes from a snapshot besides its owner: an account number, or 'all'.
create table snapshot_create_volume_permissions (
  snapshot_id    varchar(16) not null references snapshots(snapshot_id),
  account_number varchar(12) not null,
  primary key (snapshot_id, account_number)
);
