-- StopInstances/StartInstances: each start of a stopped EBS-backed instance is a new launch on its
-- cluster with a uuid of its own (null: the first launch, whose uuid is the instance id).
alter table instances add column launch_uuid varchar(40);
