-- The network (VLAN or VXLAN number) a security group's instances share on MANAGED clusters,
-- chosen by the cloud controller when the group is first used there; one group per tag.
alter table security_groups add column network_tag integer;
create unique index security_groups_network_tag on security_groups(network_tag);
