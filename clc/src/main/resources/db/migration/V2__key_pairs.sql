-- SSH key pairs: the public half only; a created key's private half is returned once and not kept.
create table key_pairs (
  key_pair_id    varchar(21)   primary key,
  account_number varchar(12)   not null references accounts(account_number),
  name           varchar(255)  not null,
  fingerprint    varchar(128)  not null,
  public_key     varchar(8192) not null,
  created        timestamp(6) with time zone not null,
  constraint key_pairs_account_name unique (account_number, name)
);
