-- X.509 signing certificates of users, issued by the cloud's CA (the private keys are not kept).
create table signing_certificates (
  certificate_id varchar(40)   primary key,
  user_id        varchar(32)   not null references users(user_id),
  certificate    varchar(8192) not null,
  active         boolean       not null,
  created        timestamp(6) with time zone not null
);
create index signing_certificates_user on signing_certificates(user_id);

-- IAM paths group users (/ by default).
alter table users add column path varchar(512) default '/' not null;
