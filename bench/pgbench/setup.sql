-- The pgbench transfer script's account lists, from the bench's own accounts (after a --transfers run):
-- the 64 most recently opened savings accounts of verified users as sources (hot: the first ten), the seeded ones as cold.
DROP TABLE IF EXISTS bench_from, bench_to;
CREATE TABLE bench_from AS
  SELECT (row_number() OVER (ORDER BY created_at DESC)) - 1 AS n, account_number, owner_code AS user_code
  FROM ledger_accounts WHERE kind = 'SAVINGS' ORDER BY created_at DESC LIMIT 64;
CREATE TABLE bench_to AS
  SELECT n, account_number FROM (SELECT n, account_number FROM bench_from WHERE n < 10) hot
  UNION ALL
  SELECT 10 + (row_number() OVER (ORDER BY created_at)) - 1, account_number FROM ledger_accounts
  WHERE kind = 'SAVINGS' AND account_number NOT IN (SELECT account_number FROM bench_from) AND system_code IS NULL;
CREATE UNIQUE INDEX ON bench_from (n);
CREATE UNIQUE INDEX ON bench_to (n);
ANALYZE bench_from; ANALYZE bench_to;
