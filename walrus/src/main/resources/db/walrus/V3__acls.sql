-- Access control lists of buckets and objects (grants besides the owner's full control).
alter table walrus_buckets add column acl varchar(8192);
alter table walrus_objects add column acl varchar(8192);
