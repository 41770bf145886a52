-- Cloud properties the administrator changed; a property without a row has its default.
create table properties (
  prop_name  varchar(128)  primary key,
  prop_value varchar(4096) not null
);
