#!/usr/bin/env bash
# Month-end interest posting (docs/benchmarks.md, issue 13): N savings accounts with a month of daily
# accruals already kept, then `close-day` accrues the month's last day and pays the month, in batches.
#
#   bash bench/interest/month-end.sh sqlite [accounts]            # a fresh SQLite file under /tmp/interest-bench
#   bash bench/interest/month-end.sh postgres [accounts]          # needs PGHOST/PGUSER/PGPASSWORD, makes database credbuzz_interest_bench
#
# The books are made with SQL (the demo seeder would take a quarter of an hour for 100,000 accounts); they are
# not balanced (no postings), which the day close does not look at: a closing balance is the balance less
# what was posted since, here nothing.
set -euo pipefail
ENGINE=${1:-sqlite}
ACCOUNTS=${2:-100000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=/tmp/interest-bench
rm -rf "$WORK" && mkdir -p "$WORK/data" "$WORK/logs"
export ASPNETCORE_ENVIRONMENT=Development Secrets__GenerateMissingKeys=true LogFiles__Console=false \
       Storage__DataDirectory=$WORK/data LogFiles__Directory=$WORK/logs
# Yesterday (Asia/Kolkata) is the last day owed; the month-end closed by this run is the last one on or before it.
YESTERDAY=$(TZ=Asia/Kolkata date -d 'yesterday' +%F)
MONTH_END=$(date -d "$(date -d "$YESTERDAY +1 day" +%Y-%m-01) -1 day" +%F)
MONTH_START=$(date -d "$MONTH_END" +%Y-%m-01)
LAST_RUN=$(date -d "$MONTH_END -1 day" +%F)
OPENED="$MONTH_START 00:00:00"   # UTC: the 1st, 05:30 IST, so the whole month accrues
echo "month $MONTH_START .. $MONTH_END, yesterday $YESTERDAY, $ACCOUNTS accounts on $ENGINE"

dotnet build -c Release "$ROOT/src/CredbuzzPay.Api" -v quiet -nologo > /dev/null
API="$ROOT/src/CredbuzzPay.Api/bin/Release/net10.0/CredbuzzPay.Api.dll"

case "$ENGINE" in
  sqlite)
    export Database__Provider=sqlite ConnectionStrings__Default="Data Source=$WORK/bench.db"
    dotnet "$API" migrate > /dev/null
    run() { sqlite3 "$WORK/bench.db" "$1"; }
    ID="randomblob(16)"; NUMBER="printf('%09d', i)"; NOW="'$(date -u '+%F %T').000'"; OPENED_AT="'$OPENED.000'"
    SERIES="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ACCOUNTS) SELECT i FROM n"
    DAYS="WITH RECURSIVE d(day) AS (SELECT '$MONTH_START' UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < '$LAST_RUN') SELECT day FROM d"
    ;;
  postgres)
    export PGDATABASE=postgres
    psql -q -c "DROP DATABASE IF EXISTS credbuzz_interest_bench" -c "CREATE DATABASE credbuzz_interest_bench"
    export Database__Provider=postgres ConnectionStrings__Default="Host=${PGHOST:-127.0.0.1};Database=credbuzz_interest_bench;Username=$PGUSER;Password=$PGPASSWORD"
    dotnet "$API" migrate > /dev/null
    run() { psql -q -d credbuzz_interest_bench -c "$1"; }
    ID="gen_random_uuid()"; NUMBER="lpad(i::text, 9, '0')"; NOW="now()"; OPENED_AT="'$OPENED+00'"
    SERIES="SELECT i FROM generate_series(1, $ACCOUNTS) AS i"
    DAYS="SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series(date '$MONTH_START', date '$LAST_RUN', interval '1 day') AS d"
    ;;
  *) echo "engine: sqlite or postgres" >&2; exit 2 ;;
esac

started=$(date +%s)
run "INSERT INTO ledger_accounts (id, account_number, kind, status, currency, owner_id, owner_code, branch_code, balance_paise, held_paise, floor_paise,
       interest_rate_bp, created_at, updated_at)
     SELECT $ID, 'SAV' || $NUMBER, 'SAVINGS', 'ACTIVE', 'INR', $ID, 'B' || i, 'BENCH', 1000000 + i * 37, 0, 0, 350, $OPENED_AT, $OPENED_AT
     FROM ($SERIES) AS s"
run "INSERT INTO ledger_interest_accruals (account_id, day, closing_balance_paise, rate_bp, units, created_at)
     SELECT a.id, d.day, a.balance_paise, a.interest_rate_bp, a.balance_paise * a.interest_rate_bp, $NOW
     FROM ledger_accounts a CROSS JOIN ($DAYS) AS d WHERE a.system_code IS NULL"
run "INSERT INTO ledger_interest_runs (day, accounts, completed_at) SELECT day, $ACCOUNTS, $NOW FROM ($DAYS) AS d"
# A month of accruals written day by day has long been vacuumed and analysed by month-end; so are these.
if [ "$ENGINE" = postgres ]; then run "VACUUM ANALYZE"; else run "ANALYZE"; fi
echo "set up in $(( $(date +%s) - started )) s"

/usr/bin/time -f "close-day: %e s wall, %M KiB peak" dotnet "$API" close-day
