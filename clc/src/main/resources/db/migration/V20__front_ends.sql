-- The cloud controller's front ends (issue 20, two front ends on one PostgreSQL): each process that
-- serves the cloud's APIs says here, every few seconds, that it is alive and whether it leads (holds
-- the leader's advisory lock). DescribeServices lists them; one not heard from lately is shown so.
-- Times are the database's own clock (current_timestamp), so the hosts' clocks need not agree.
create table front_ends (
  url        varchar(255) primary key,
  leader     boolean      not null,
  started    timestamp(6) with time zone not null,
  heartbeat  timestamp(6) with time zone not null
);
