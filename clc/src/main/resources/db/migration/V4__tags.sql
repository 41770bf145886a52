-- Tags on instances, images and security groups: up to 50 per resource, one value per key.
create table tags (
  resource_id    varchar(32)  not null,
  tag_key        varchar(128) not null,
  tag_value      varchar(256) not null,
  resource_type  varchar(32)  not null,
  account_number varchar(12)  not null references accounts(account_number),
  primary key (resource_id, tag_key)
);
create index tags_account on tags(account_number);
