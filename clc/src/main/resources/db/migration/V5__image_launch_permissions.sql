-- Accounts an image's owner has let launch it (public images need no entry).
create table image_launch_permissions (
  image_id       varchar(16) not null references images(image_id),
  account_number varchar(12) not null,
  primary key (image_id, account_number)
);
