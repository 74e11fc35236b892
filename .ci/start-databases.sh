#!/usr/bin/env bash
# Installs (when missing) and starts PostgreSQL and MariaDB on 127.0.0.1 for the test suite, and
# prints the exports of the two connection strings the tests read: eval "$(bash .ci/start-databases.sh)".
# Safe to run again: every step checks first.
set -euo pipefail

PG_USER=credbuzz_test
PG_PASSWORD=${CREDBUZZ_CI_DB_PASSWORD:-credbuzz_ci_only}
MY_USER=credbuzz_test
MY_PASSWORD=$PG_PASSWORD

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || need+=(mariadb-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

# PostgreSQL: the Debian cluster, listening on loopback only.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$pg_version main"; then
  pg_createcluster "$pg_version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$pg_version" main start -- -o "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -h 127.0.0.1 -q" && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\"" >&2

# MariaDB: started directly (no systemd here), loopback only.
if ! mysqladmin --protocol=socket ping >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (mysqld_safe --bind-address=127.0.0.1 --innodb-flush-log-at-trx-commit=0 --max-connections=300 >/dev/null 2>&1 &)
  for _ in $(seq 1 60); do
    mysqladmin --protocol=socket ping >/dev/null 2>&1 && break
    sleep 1
  done
fi
mysql --protocol=socket -e "CREATE USER IF NOT EXISTS '$MY_USER'@'127.0.0.1' IDENTIFIED BY '$MY_PASSWORD'; GRANT ALL PRIVILEGES ON \`credbuzz\\_%\`.* TO '$MY_USER'@'127.0.0.1'; FLUSH PRIVILEGES;" >&2

# For eval: exports the admin connection strings the test suite creates its scratch databases with.
echo "export CREDBUZZ_TEST_POSTGRES='Host=127.0.0.1;Port=5432;Username=$PG_USER;Password=$PG_PASSWORD;Database=postgres'"
echo "export CREDBUZZ_TEST_MYSQL='Server=127.0.0.1;Port=3306;User=$MY_USER;Password=$MY_PASSWORD'"
