-- Quotas count what each user holds as well as each account (Eucalyptus 3.1's user-level Limit
-- statements): images and elastic addresses now record the user who registered or allocated them.
-- Rows from before have none and count for their account only. Instances had user_id from the start.
alter table images add column owner_user varchar(32);
alter table addresses add column user_id varchar(32);
create index images_owner_user on images(owner_user);
create index addresses_user on addresses(user_id);
