-- Boot from EBS (issue 19): an image's root device is an instance-store bundle (as before) or an
-- EBS volume made from a snapshot at launch; its block device mappings are EC2's
-- (BlockDeviceMapping.N: DeviceName, Ebs.SnapshotId, Ebs.VolumeSize, Ebs.DeleteOnTermination,
-- VirtualName, NoDevice).
alter table images add column root_device_type varchar(16) default 'instance-store' not null;
alter table images add column root_device_name varchar(32);

create table image_block_device_mappings (
  image_id              varchar(16) not null references images(image_id),
  device_name           varchar(32) not null,
  snapshot_id           varchar(16),
  volume_size_gib       integer,
  delete_on_termination boolean,
  virtual_name          varchar(32),
  no_device             boolean     not null,
  primary key (image_id, device_name)
);

-- What an instance boots from, as DescribeInstances shows it: its image's root at launch.
alter table instances add column root_device_type varchar(16) default 'instance-store' not null;
alter table instances add column root_device_name varchar(32);
