-- The web console's signed-in sessions, in the database so that every front end knows them (a person
-- behind a load balancer stays signed in whichever front end answers, and through a failover). A row
-- is known by the SHA-256 of the cookie's id: whoever reads the table cannot sign in with what is in it.
create table console_sessions (
  id_hash         varchar(64)  primary key,
  account_number  varchar(12)  not null,
  account_name    varchar(128) not null,
  user_id         varchar(32)  not null,
  user_name       varchar(128) not null,
  access_key_id   varchar(32),
  admin           boolean      not null,
  csrf            varchar(64)  not null,
  created         timestamp(6) with time zone not null,
  last_used       timestamp(6) with time zone not null,
  flash           varchar(4000),
  flash_error     boolean      default false not null
);
create index console_sessions_last_used on console_sessions(last_used);
