-- Public (elastic) addresses: each cluster's pool, set by the administrator. An address is free,
-- allocated to an account (elastic), or lent to an instance for its life (auto-assigned).
create table addresses (
  public_ip      varchar(45)  primary key,
  cluster        varchar(64)  not null references clusters(name),
  account_number varchar(12),
  auto_assigned  boolean      not null,
  instance_id    varchar(16),
  allocation_id  varchar(32),
  changed        timestamp(6) with time zone not null
);
create index addresses_cluster on addresses(cluster);
create index addresses_instance on addresses(instance_id);
