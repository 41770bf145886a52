-- The cloud controller's schema. Portable SQL: the same script runs on H2 and PostgreSQL.

create table accounts (
  account_number varchar(12) primary key,
  name           varchar(64)  not null unique,
  created        timestamp(6) with time zone not null
);

create table users (
  user_id        varchar(32)  primary key,
  account_number varchar(12)  not null references accounts(account_number),
  name           varchar(64)  not null,
  created        timestamp(6) with time zone not null,
  constraint users_account_name unique (account_number, name)
);

create table access_keys (
  access_key_id  varchar(32)  primary key,
  secret_key     varchar(64)  not null,
  user_id        varchar(32)  not null references users(user_id),
  active         boolean      not null,
  created        timestamp(6) with time zone not null
);

create table vm_types (
  name       varchar(32) primary key,
  cpu        integer     not null,
  memory_mb  integer     not null,
  disk_gb    integer     not null,
  sort_order integer     not null
);

-- The defaults of Eucalyptus 3.1 (cpu, memory MB, disk GB).
insert into vm_types (name, cpu, memory_mb, disk_gb, sort_order) values ('m1.small', 1, 128, 2, 1);
insert into vm_types (name, cpu, memory_mb, disk_gb, sort_order) values ('c1.medium', 1, 256, 5, 2);
insert into vm_types (name, cpu, memory_mb, disk_gb, sort_order) values ('m1.large', 2, 512, 10, 3);
insert into vm_types (name, cpu, memory_mb, disk_gb, sort_order) values ('m1.xlarge', 2, 1024, 20, 4);
insert into vm_types (name, cpu, memory_mb, disk_gb, sort_order) values ('c1.xlarge', 4, 2048, 20, 5);

-- A cluster is an availability zone, served by one cluster controller.
create table clusters (
  name       varchar(64)  primary key,
  host       varchar(255) not null,
  port       integer      not null,
  registered timestamp(6) with time zone not null
);

create table images (
  image_id       varchar(16)   primary key,
  owner_account  varchar(12)   not null references accounts(account_number),
  name           varchar(255)  not null,
  description    varchar(255),
  location       varchar(1024) not null,
  image_type     varchar(16)   not null,
  architecture   varchar(16)   not null,
  kernel_id      varchar(16),
  ramdisk_id     varchar(16),
  state          varchar(16)   not null,
  is_public      boolean       not null,
  registered     timestamp(6) with time zone not null
);

create table instances (
  instance_id     varchar(16)   primary key,
  reservation_id  varchar(16)   not null,
  account_number  varchar(12)   not null references accounts(account_number),
  user_id         varchar(32)   not null,
  image_id        varchar(16)   not null,
  kernel_id       varchar(16),
  ramdisk_id      varchar(16),
  vm_type         varchar(32)   not null,
  cluster         varchar(64)   not null,
  node            varchar(255),
  state           varchar(16)   not null,
  state_reason    varchar(255),
  key_name        varchar(255),
  user_data       varchar(21848),
  launch_index    integer       not null,
  mac_address     varchar(17)   not null,
  private_ip      varchar(45),
  public_ip       varchar(45),
  client_token    varchar(64),
  launch_time     timestamp(6) with time zone not null,
  state_changed   timestamp(6) with time zone not null
);

create index instances_account on instances(account_number);
create index instances_reservation on instances(reservation_id);
create index instances_cluster_state on instances(cluster, state);
