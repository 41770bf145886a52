-- Security groups and their ingress rules; each instance lists its groups.
create table security_groups (
  group_id       varchar(20)  primary key,
  account_number varchar(12)  not null references accounts(account_number),
  name           varchar(255) not null,
  description    varchar(255) not null,
  created        timestamp(6) with time zone not null,
  constraint security_groups_account_name unique (account_number, name)
);

-- A rule lets traffic in from a CIDR block or from the members of a (source) group.
create table security_group_rules (
  rule_id         varchar(24)  primary key,
  group_id        varchar(20)  not null references security_groups(group_id),
  protocol        varchar(8)   not null,
  from_port       integer      not null,
  to_port         integer      not null,
  cidr            varchar(43),
  source_group_id varchar(20)  references security_groups(group_id)
);
create index security_group_rules_group on security_group_rules(group_id);

alter table instances add column group_ids varchar(1024);
