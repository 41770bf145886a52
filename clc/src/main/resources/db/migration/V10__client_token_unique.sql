-- RunInstances is idempotent per account and client token: one reservation holds a token. The
-- unique key makes this hold under concurrent retries (the losing insert fails, and the launch
-- returns the winner's reservation); a reservation's rows differ in their launch index.
-- Rows from before this rule whose token an earlier reservation also holds lose the token.
update instances set client_token = null
where client_token is not null and exists (
  select 1 from instances o
  where o.account_number = instances.account_number and o.client_token = instances.client_token
    and o.reservation_id <> instances.reservation_id
    and (o.launch_time < instances.launch_time
         or (o.launch_time = instances.launch_time and o.reservation_id < instances.reservation_id)));
create unique index instances_client_token on instances(account_number, client_token, launch_index);
