#!/usr/bin/env bash
# Installs (when missing) and starts PostgreSQL and MariaDB on 127.0.0.1 for the test suite, and
# prints the exports of the two connection strings the tests read: eval "$(bash .ci/start-databases.sh)".
# Safe to run again: every step checks first. Exits non-zero with a one-line reason on stderr when a
# server cannot be installed or started (for example when its port is taken by another server).
set -euo pipefail

PG_USER=credbuzz_test
PG_PASSWORD=${CREDBUZZ_CI_DB_PASSWORD:-credbuzz_ci_only}
MY_USER=credbuzz_test
MY_PASSWORD=$PG_PASSWORD
MY_PORT=3306

fail() { echo "start-databases: $*" >&2; exit 1; }

# Whether something accepts TCP connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || need+=(mariadb-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq "${need[@]}" >&2 || fail "could not install ${need[*]} from apt"
fi

# PostgreSQL: the Debian cluster, listening on loopback only, on the port the cluster was given.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$pg_version main"; then
  pg_createcluster "$pg_version" main >&2 || fail "pg_createcluster $pg_version main failed"
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  if listening "$pg_port"; then
    fail "port $pg_port is taken by another server, so PostgreSQL $pg_version (cluster main) cannot start; stop that server or give the cluster another port in /etc/postgresql/$pg_version/main/postgresql.conf"
  fi
  pg_ctlcluster "$pg_version" main start -- -o "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >&2 ||
    fail "PostgreSQL $pg_version did not start (see /var/log/postgresql/postgresql-$pg_version-main.log)"
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -h 127.0.0.1 -p $pg_port -q" && break
  sleep 1
done
su postgres -c "pg_isready -h 127.0.0.1 -p $pg_port -q" || fail "PostgreSQL does not answer on 127.0.0.1:$pg_port after 30 s"
su postgres -c "psql -p $pg_port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1 ||
  su postgres -c "psql -p $pg_port -qc \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\"" >&2 || fail "could not create the PostgreSQL role $PG_USER"

# MariaDB: started directly (no systemd here), loopback only.
if ! mysqladmin --protocol=socket ping >/dev/null 2>&1; then
  if listening "$MY_PORT"; then
    fail "port $MY_PORT is taken by another server, so MariaDB cannot start; stop that server or free the port"
  fi
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (mysqld_safe --bind-address=127.0.0.1 --port="$MY_PORT" --innodb-flush-log-at-trx-commit=0 --max-connections=300 >/dev/null 2>&1 &)
  for _ in $(seq 1 60); do
    mysqladmin --protocol=socket ping >/dev/null 2>&1 && break
    sleep 1
  done
  mysqladmin --protocol=socket ping >/dev/null 2>&1 || fail "MariaDB did not start within 60 s (see the mysqld entries in the system log)"
fi
mysql --protocol=socket -e "CREATE USER IF NOT EXISTS '$MY_USER'@'127.0.0.1' IDENTIFIED BY '$MY_PASSWORD'; GRANT ALL PRIVILEGES ON \`credbuzz\\_%\`.* TO '$MY_USER'@'127.0.0.1'; FLUSH PRIVILEGES;" >&2 ||
  fail "could not create the MariaDB user $MY_USER"

# For eval: exports the admin connection strings the test suite creates its scratch databases with.
echo "export CREDBUZZ_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=$PG_USER;Password=$PG_PASSWORD;Database=postgres'"
echo "export CREDBUZZ_TEST_MYSQL='Server=127.0.0.1;Port=$MY_PORT;User=$MY_USER;Password=$MY_PASSWORD'"
