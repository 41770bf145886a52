-- Storage controllers (clc-plumbing): one per availability zone (a registered cluster's name), reached
-- at host:port over the SC's SOAP contract. The zone is not a foreign key: a cluster is refused
-- deregistration while its zone has a storage controller (ClusterRegistry), with a sentence, not a
-- constraint violation.
create table storage_controllers (
  name       varchar(64)  primary key,
  zone       varchar(64)  not null,
  host       varchar(255) not null,
  port       integer      not null,
  registered timestamp(6) with time zone not null
);
create unique index storage_controllers_zone on storage_controllers(zone);
