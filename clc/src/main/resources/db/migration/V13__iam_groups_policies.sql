-- IAM groups, policies, login profiles and account aliases (Euare, as Eucalyptus 3.1 had them).

create table iam_groups (
  group_id       varchar(32)  primary key,
  account_number varchar(12)  not null references accounts(account_number),
  name           varchar(128) not null,
  path           varchar(512) default '/' not null,
  created        timestamp(6) with time zone not null,
  constraint iam_groups_account_name unique (account_number, name)
);

create table iam_group_members (
  group_id varchar(32) not null references iam_groups(group_id),
  user_id  varchar(32) not null references users(user_id),
  constraint iam_group_members_pk primary key (group_id, user_id)
);
create index iam_group_members_user on iam_group_members(user_id);

-- Inline policies of users, groups and accounts (an account's are the cloud administrator's:
-- quotas and limits for everyone in it). owner_id is a user_id, group_id or account_number.
create table iam_policies (
  policy_id  varchar(32)    primary key,
  owner_kind varchar(8)     not null,
  owner_id   varchar(32)    not null,
  name       varchar(128)   not null,
  document   varchar(16384) not null,
  created    timestamp(6) with time zone not null,
  constraint iam_policies_owner_name unique (owner_kind, owner_id, name)
);
create index iam_policies_owner on iam_policies(owner_kind, owner_id);

-- A user's console password, as a salted slow hash (the password itself is never kept).
create table iam_login_profiles (
  user_id       varchar(32)  primary key references users(user_id),
  password_hash varchar(256) not null,
  created       timestamp(6) with time zone not null
);

-- At most one alias per account, unique in the cloud (IAM's rule).
create table iam_account_aliases (
  alias          varchar(63) primary key,
  account_number varchar(12) not null unique references accounts(account_number)
);
