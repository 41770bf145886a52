-- EBS volumes (clc-volumes): each kept by its zone's storage controller, recorded here with its owner
-- (account and user, for the ec2:quota-volume* Limit statements) and its state as EC2 shows it.
create table volumes (
  volume_id varchar(16) primary key,
  account_number varchar(12) not null,
  user_id varchar(32),
  zone varchar(64) not null,
  size_gib integer not null,
  snapshot_id varchar(16),
  state varchar(16) not null,
  state_reason varchar(255),
  create_time timestamp(6) with time zone not null
);
create index volumes_account on volumes(account_number);
create index volumes_user on volumes(user_id);
create index volumes_zone on volumes(zone);

-- A volume's one live attachment (the primary key keeps it to one); it is removed once detached.
create table volume_attachments (
  volume_id varchar(16) primary key references volumes(volume_id),
  instance_id varchar(16) not null,
  device varchar(32) not null,
  state varchar(16) not null,
  attach_time timestamp(6) with time zone not null,
  delete_on_termination boolean not null
);
create index volume_attachments_instance on volume_attachments(instance_id);
-- One volume per device of an instance.
create unique index volume_attachments_device on volume_attachments(instance_id, device);
