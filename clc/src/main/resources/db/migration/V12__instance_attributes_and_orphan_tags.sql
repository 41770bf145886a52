-- DisableApiTermination (ModifyInstanceAttribute): while true, TerminateInstances refuses the instance.
alter table instances add column disable_api_termination boolean default false not null;
-- A resource's tags go with it: drop the tags earlier releases left behind on deleted security
-- groups and deregistered images.
delete from tags where resource_type = 'security-group'
  and not exists (select 1 from security_groups g where g.group_id = tags.resource_id);
delete from tags where resource_type = 'image'
  and not exists (select 1 from images i where i.image_id = tags.resource_id and i.state <> 'deregistered');
