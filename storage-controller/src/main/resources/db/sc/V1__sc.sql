-- The storage controller's own state. Times are epoch milliseconds.
CREATE TABLE volumes (
  id VARCHAR(64) PRIMARY KEY,
  size_gib INT NOT NULL,
  snapshot_id VARCHAR(64),
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(1024),
  created BIGINT NOT NULL
);

-- One export per (volume, instance): its own CHAP login, bound to the volume's target.
CREATE TABLE exports (
  volume_id VARCHAR(64) NOT NULL REFERENCES volumes(id),
  instance_id VARCHAR(64) NOT NULL,
  chap_user VARCHAR(64) NOT NULL,
  chap_password VARCHAR(64) NOT NULL,
  initiator VARCHAR(64),
  PRIMARY KEY (volume_id, instance_id)
);

CREATE TABLE snapshots (
  id VARCHAR(64) PRIMARY KEY,
  volume_id VARCHAR(64) NOT NULL,
  volume_size_gib INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  progress INT NOT NULL,
  reason VARCHAR(1024),
  started BIGINT NOT NULL
);
