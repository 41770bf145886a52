-- Which storage directory this database describes: the same id is kept in the directory's
-- storage-id file, and Walrus refuses to start (and to tidy anything) when the two differ.
create table walrus_storage (
  storage_id    varchar(36)   primary key
);
