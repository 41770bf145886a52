-- Resource ids are lower-case hex, as AWS writes them (i-6a7295ae); 3.1 and earlier releases of
-- this cloud wrote them in upper case. Requests are brought to lower case at the door, so stored
-- ids are too. Launch permissions refer to their image: they step aside while images change.
create table image_launch_permissions_lower as
  select lower(image_id) as image_id, account_number from image_launch_permissions;
delete from image_launch_permissions;
update images set image_id = lower(image_id), kernel_id = lower(kernel_id), ramdisk_id = lower(ramdisk_id);
insert into image_launch_permissions (image_id, account_number)
  select image_id, account_number from image_launch_permissions_lower;
drop table image_launch_permissions_lower;
update instances set instance_id = lower(instance_id), reservation_id = lower(reservation_id),
  image_id = lower(image_id), kernel_id = lower(kernel_id), ramdisk_id = lower(ramdisk_id),
  group_ids = lower(group_ids), mac_address = lower(mac_address);
update tags set resource_id = lower(resource_id);
update addresses set instance_id = lower(instance_id);
