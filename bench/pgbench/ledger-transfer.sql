-- One transfer of 1.00 with seed 001's 1.00 fee, as the service issues it on PostgreSQL (docs/benchmarks.md,
-- issue 12), statement for statement: the session and the caller read, both accounts looked up, then in one
-- transaction the guarded daily total, the three guarded balance updates (RETURNING the new balance; the fee
-- to one of the eight fee income shards), the postings and the entry, the audit append (head locked, row,
-- three counters, head moved), and after commit the three reads of the answer.
-- The HMAC of the audit row is computed by the service in memory; here md5() stands in for it.
-- Needs bench_from(n, account_number, user_code) with the 64 clients' accounts and bench_to(n, account_number)
-- with the 10 hot then 10,000 cold ones (made by bench/pgbench/setup.sql).
\set n random(0, 63)
\set hot random(0, 1)
\set d random(0, 9999)
\set shard random(0, 7)
SELECT account_number AS src, user_code AS who FROM bench_from WHERE n = :n \gset
SELECT account_number AS dst FROM bench_to WHERE n = CASE WHEN :hot = 1 THEN :d % 10 ELSE 10 + :d END \gset
SELECT last_seen_at FROM user_sessions LIMIT 1;
SELECT id, user_code, role, status, kyc_status FROM users WHERE user_code = ':who' AND deleted_at IS NULL LIMIT 1;
SELECT id AS from_id FROM ledger_accounts WHERE account_number = ':src' LIMIT 1 \gset
SELECT id AS to_id FROM ledger_accounts WHERE account_number = ':dst' LIMIT 1 \gset
BEGIN;
UPDATE ledger_daily_totals SET debited_paise = debited_paise + 100 WHERE account_id = ':from_id' AND day = to_char(now() AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AND debited_paise + 100 <= 1000000000;
UPDATE ledger_accounts SET balance_paise = balance_paise - 101, updated_at = now() WHERE id = ':from_id' AND (system_code IS NOT NULL OR (status = 'ACTIVE' AND (floor_paise IS NULL OR balance_paise - held_paise - 101 >= floor_paise))) RETURNING balance_paise;
UPDATE ledger_accounts SET balance_paise = balance_paise + 100, updated_at = now() WHERE id = ':to_id' AND (system_code IS NOT NULL OR status = 'ACTIVE') RETURNING balance_paise;
UPDATE ledger_accounts SET balance_paise = balance_paise + 1, updated_at = now() WHERE system_code = (CASE WHEN :shard = 0 THEN 'fee_income' ELSE 'fee_income_' || :shard END) RETURNING balance_paise;
SELECT gen_random_uuid() AS entry_id, 'TXN' || upper(substr(md5(random()::text), 1, 12)) AS txn \gset
INSERT INTO ledger_postings (id, entry_id, account_id, amount_paise, balance_after_paise, posted_at)
  VALUES (gen_random_uuid(), ':entry_id', ':from_id', -101, 0, now()), (gen_random_uuid(), ':entry_id', ':to_id', 100, 0, now()),
         (gen_random_uuid(), ':entry_id', ':to_id', 1, 0, now());
INSERT INTO ledger_entries (id, transaction_id, entry_type, status, amount_paise, fee_paise, from_account_id, to_account_id, from_owner_id, to_owner_id,
  description, initiated_by, created_at, processed_at)
  VALUES (':entry_id', ':txn', 'TRANSFER', 'COMPLETED', 100, 1, ':from_id', ':to_id', NULL, NULL, NULL, ':who', now(), now());
SELECT id, last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE;
INSERT INTO audit_trail (id, sequence, occurred_at, actor, action, target_type, target_id, ip_address, user_agent, correlation_id, detail, branch_code, prev_hash, hash)
  SELECT gen_random_uuid(), last_sequence + 1, now(), ':who', 'ledger.posted', 'transaction', ':txn', '127.0.0.1', 'pgbench', md5(random()::text),
    '{"type":"TRANSFER","status":"COMPLETED","amount":"1.00","fee":"0.00"}', 'BLR01', last_hash, md5(last_hash) || md5(last_hash) FROM audit_chain_head WHERE id = 1;
INSERT INTO audit_daily_counts (day, branch_key, action, events) VALUES (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 'BLR01', 'ledger.posted', 1)
  ON CONFLICT (day, branch_key, action) DO UPDATE SET events = audit_daily_counts.events + 1;
INSERT INTO audit_hourly_counts (hour, branch_key, events) VALUES (date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 'BLR01', 1)
  ON CONFLICT (hour, branch_key) DO UPDATE SET events = audit_hourly_counts.events + 1;
INSERT INTO audit_actor_last_seen (branch_key, actor, last_at) VALUES ('BLR01', ':who', now())
  ON CONFLICT (branch_key, actor) DO UPDATE SET last_at = EXCLUDED.last_at;
UPDATE audit_chain_head SET last_sequence = last_sequence + 1, last_hash = md5(last_hash) || md5(last_hash) WHERE id = 1;
COMMIT;
SELECT * FROM ledger_entries WHERE id = ':entry_id' LIMIT 1;
SELECT id, account_number, owner_id, system_code, balance_paise FROM ledger_accounts WHERE id IN (':from_id', ':to_id');
SELECT entry_id, account_id, balance_after_paise FROM ledger_postings WHERE entry_id = ':entry_id';
