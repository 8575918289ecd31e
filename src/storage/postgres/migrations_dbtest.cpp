// PostgresMigrations() against the throwaway server of the `postgres` ctest fixture: they apply
// together, at every version the schema is the one SqliteMigrations() leaves in a SQLite database
// (but for the documented differences), the audit trail refuses what SQLite's triggers refuse, with
// the same messages, users.name is unique ignoring ASCII case only, and keys and CHECKs hold. Each
// test migrates a schema of its own, dropped after.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/migrations/migrations.h"
#include "storage/postgres/connection.h"
#include "storage/postgres/dbtest_server.h"

namespace rn::storage::postgres {
namespace {

using sql::Transaction;

// A raw SQLite database in memory, to read the schema the SQLite migrations leave.
class SqliteDb final {
 public:
  SqliteDb() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) ADD_FAILURE() << "cannot open SQLite";
  }
  ~SqliteDb() { sqlite3_close(db_); }
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs `sql`, one or more statements; "" when they ran, else SQLite's message.
  std::string Exec(std::string_view sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) == SQLITE_OK) {
      return {};
    }
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    return message;
  }

  // Runs the one statement `sql` with `params` as ?1, ?2, …; SQLITE_DONE when it ran to the end,
  // else its error code. Its rows, every value as text, go to `rows` when given.
  int Run(std::string_view sql, const std::vector<std::string>& params,
          std::vector<Row>* rows = nullptr) {
    sqlite3_stmt* statement = nullptr;
    int code =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (code != SQLITE_OK) return code;
    for (size_t index = 0; index < params.size(); ++index) {
      sqlite3_bind_text(statement, static_cast<int>(index) + 1, params[index].data(),
                        static_cast<int>(params[index].size()), SQLITE_TRANSIENT);
    }
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      Row& row = rows->emplace_back();
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        const unsigned char* text = sqlite3_column_text(statement, column);
        row.push_back(text == nullptr ? Value() : Value(reinterpret_cast<const char*>(text)));
      }
    }
    sqlite3_finalize(statement);
    return code;
  }

  // The rows of the one statement `sql`, which must run.
  std::vector<Row> Query(std::string_view sql, const std::vector<std::string>& params = {}) {
    std::vector<Row> rows;
    const int code = Run(sql, params, &rows);
    EXPECT_EQ(code, SQLITE_DONE) << sqlite3_errmsg(db_) << " in " << sql;
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A schema as both databases can describe it, each part as comparable text.
struct Schema {
  // Each table's columns in order: "name type[ COLLATE x][ NOT NULL][ DEFAULT d][ GENERATED …]",
  // types as PostgreSQL names them (INTEGER is bigint, REAL double precision, TEXT text, BLOB
  // bytea).
  std::map<std::string, std::vector<std::string>> columns;
  // "table: PRIMARY KEY (a, b)", "table: UNIQUE (a)", "table: FOREIGN KEY (a) REFERENCES t(b)".
  std::set<std::string> constraints;
  // The number of CHECK constraints of each table that has one.
  std::map<std::string, int> checks;
  // The indexes made by CREATE INDEX: "name ON table (a, b)[ UNIQUE][ WHERE …]".
  std::set<std::string> indexes;
  // "table.trigger".
  std::set<std::string> triggers;

  std::set<std::string> Tables() const {
    std::set<std::string> tables;
    for (const auto& [table, unused] : columns) tables.insert(table);
    return tables;
  }
};

std::string Text(const Value& value) { return value.value_or("NULL"); }

std::string Join(const std::vector<std::string>& parts) {
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
  return joined;
}

// What SqliteMigrations() left in `db`. SQLite has no NOT NULL on an INTEGER PRIMARY KEY (the
// rowid), which can hold no NULL all the same; with AUTOINCREMENT it is what PostgreSQL calls an
// identity BY DEFAULT.
Schema ReadSqliteSchema(SqliteDb& db) {
  Schema schema;
  for (const Row& table : db.Query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND "
                                   "name NOT LIKE 'sqlite_%' ORDER BY name")) {
    const std::string name = Text(table[0]);
    const std::string sql = Text(table[1]);
    const std::vector<Row> columns = db.Query(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
        {name});
    std::vector<std::pair<int, std::string>> key;
    for (const Row& column : columns) {
      if (Text(column[4]) != "0") key.emplace_back(std::stoi(Text(column[4])), Text(column[0]));
    }
    std::sort(key.begin(), key.end());
    const bool rowid_key = key.size() == 1;
    std::vector<std::string>& described = schema.columns[name];
    for (const Row& column : columns) {
      const std::string type = Text(column[1]);
      const bool is_rowid = rowid_key && type == "INTEGER" && Text(column[4]) == "1";
      std::string text = Text(column[0]) + " ";
      if (type == "INTEGER") {
        text += "bigint";
      } else if (type == "REAL") {
        text += "double precision";
      } else if (type == "TEXT") {
        text += "text";
      } else if (type == "BLOB") {
        text += "bytea";
      } else {
        text += "unexpected type " + type;
      }
      if (Text(column[2]) == "1" || is_rowid) text += " NOT NULL";
      if (column[3]) text += " DEFAULT " + *column[3];
      if (is_rowid && sql.find("AUTOINCREMENT") != std::string::npos) {
        text += " GENERATED BY DEFAULT AS IDENTITY";
      }
      described.push_back(text);
    }
    if (!key.empty()) {
      std::vector<std::string> names;
      for (const auto& [unused, column] : key) names.push_back(column);
      schema.constraints.insert(name + ": PRIMARY KEY (" + Join(names) + ")");
    }
    int checks = 0;
    for (size_t at = sql.find("CHECK ("); at != std::string::npos;
         at = sql.find("CHECK (", at + 1)) {
      ++checks;
    }
    if (checks > 0) schema.checks[name] = checks;
    for (const Row& index :
         db.Query("SELECT name, \"unique\", origin FROM pragma_index_list(?1)", {name})) {
      const std::string index_name = Text(index[0]);
      std::vector<std::string> names;
      for (const Row& column :
           db.Query("SELECT name FROM pragma_index_info(?1) ORDER BY seqno", {index_name})) {
        names.push_back(Text(column[0]));
      }
      if (Text(index[2]) == "u") {
        schema.constraints.insert(name + ": UNIQUE (" + Join(names) + ")");
      } else if (Text(index[2]) == "c") {
        std::string text = index_name + " ON " + name + " (" + Join(names) + ")";
        if (Text(index[1]) == "1") text += " UNIQUE";
        const std::vector<Row> made = db.Query(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", {index_name});
        const std::string create = made.empty() ? "" : Text(made[0][0]);
        if (const size_t where = create.find(" WHERE "); where != std::string::npos) {
          text += create.substr(where);
        }
        schema.indexes.insert(text);
      }
    }
    std::map<int, std::vector<Row>> foreign_keys;
    for (Row& part : db.Query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                              "FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                              {name})) {
      foreign_keys[std::stoi(Text(part[0]))].push_back(std::move(part));
    }
    for (const auto& [unused, parts] : foreign_keys) {
      std::vector<std::string> from;
      std::vector<std::string> to;
      for (const Row& part : parts) {
        from.push_back(Text(part[2]));
        to.push_back(Text(part[3]));
      }
      std::string text = name + ": FOREIGN KEY (" + Join(from) + ") REFERENCES " +
                         Text(parts[0][1]) + "(" + Join(to) + ")";
      if (Text(parts[0][4]) != "NO ACTION") text += " ON UPDATE " + Text(parts[0][4]);
      if (Text(parts[0][5]) != "NO ACTION") text += " ON DELETE " + Text(parts[0][5]);
      schema.constraints.insert(text);
    }
  }
  for (const Row& trigger :
       db.Query("SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'trigger'")) {
    schema.triggers.insert(Text(trigger[0]));
  }
  return schema;
}

constexpr std::string_view kPostgresTables =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND "
    "table_type = 'BASE TABLE' ORDER BY table_name";
constexpr std::string_view kPostgresColumns =
    "SELECT column_name, data_type, collation_name, is_nullable, column_default, is_identity, "
    "identity_generation FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
constexpr std::string_view kPostgresConstraints =
    "SELECT t.relname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
    "WHERE n.nspname = current_schema()";
// The indexes that are not a primary key's or a UNIQUE constraint's.
constexpr std::string_view kPostgresIndexes =
    "SELECT i.relname || ' ON ' || t.relname || ' (' || "
    "(SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ', ' ORDER BY k) "
    "FROM generate_series(1, x.indnkeyatts) AS k) || ')' || "
    "CASE WHEN x.indisunique THEN ' UNIQUE' ELSE '' END || "
    "COALESCE(' WHERE ' || pg_get_expr(x.indpred, x.indrelid, true), '') "
    "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND "
    "NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND "
    "c.contype IN ('p', 'u'))";
constexpr std::string_view kPostgresTriggers =
    "SELECT t.relname || '.' || g.tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace "
    "WHERE n.nspname = current_schema() AND NOT g.tgisinternal";

// What the migrations left in the connection's current schema.
Schema ReadPostgresSchema(Connection& connection) {
  Schema schema;
  auto query = [&](std::string_view sql, const std::vector<Value>& params = {}) {
    Result<std::vector<Row>> rows = connection.Query(sql, params, "read the schema");
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows.ok() ? std::move(*rows) : std::vector<Row>{};
  };
  for (const Row& table : query(kPostgresTables)) {
    std::vector<std::string>& described = schema.columns[Text(table[0])];
    for (const Row& column : query(kPostgresColumns, {table[0]})) {
      std::string text = Text(column[0]) + " " + Text(column[1]);
      if (column[1] == "text" && column[2] != "C")
        text += " COLLATE " + column[2].value_or("default");
      if (column[3] == "NO") text += " NOT NULL";
      if (column[4]) {
        std::string value = *column[4];
        if (value.ends_with("::text")) value.resize(value.size() - 6);
        text += " DEFAULT " + value;
      }
      if (column[5] == "YES") text += " GENERATED " + Text(column[6]) + " AS IDENTITY";
      described.push_back(text);
    }
  }
  for (const Row& constraint : query(kPostgresConstraints)) {
    if (constraint[1] == "c") {
      ++schema.checks[Text(constraint[0])];
    } else {
      schema.constraints.insert(Text(constraint[0]) + ": " + Text(constraint[2]));
    }
  }
  for (const Row& index : query(kPostgresIndexes)) schema.indexes.insert(Text(index[0]));
  for (const Row& trigger : query(kPostgresTriggers)) schema.triggers.insert(Text(trigger[0]));
  return schema;
}

// The SQLite schema at `version` with the differences postgres_migrations.cpp documents: users.name
// unique through rn_ascii_lower() (an index, not a constraint), disclosures' explicit rowid after
// disclosed_at, and the triggers that refuse TRUNCATE.
Schema OnPostgres(Schema schema, int version) {
  if (version >= 2) {
    schema.triggers.insert("audit_events.audit_events_no_truncate");
    schema.triggers.insert("audit_head.audit_head_no_truncate");
  }
  if (version >= 3) {
    EXPECT_EQ(schema.constraints.erase("users: UNIQUE (name)"), 1u);
    schema.indexes.insert("users_name_key ON users (rn_ascii_lower(name)) UNIQUE");
  }
  if (version >= 13) {
    std::vector<std::string>& columns = schema.columns["disclosures"];
    auto disclosed_at = std::find(columns.begin(), columns.end(), "disclosed_at bigint NOT NULL");
    EXPECT_NE(disclosed_at, columns.end());
    if (disclosed_at != columns.end()) {
      columns.insert(disclosed_at + 1, "rowid bigint NOT NULL GENERATED ALWAYS AS IDENTITY");
    }
  }
  return schema;
}

// Runs `statement` in a subtransaction and returns "SQLSTATE message" of its error, or "00000"
// when it ran (and then keeps what it did).
constexpr std::string_view kCreateOutcome = R"sql(
CREATE FUNCTION rn_test_outcome(statement TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE statement;
  RETURN '00000';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END
$$)sql";

class PostgresMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestServerUri().empty()) GTEST_SKIP() << kNoTestServer;
    Result<std::unique_ptr<Connection>> connection = Connection::Open(TestServerUri());
    ASSERT_TRUE(connection.ok()) << connection.status().message();
    connection_ = std::move(*connection);
    static int schemas = 0;
    schema_ = "rn_migrations_test_" + std::to_string(getpid()) + "_" + std::to_string(++schemas);
    ASSERT_TRUE(connection_->Exec("CREATE SCHEMA " + schema_, "create the schema").ok());
    ASSERT_TRUE(UseSchema(*connection_).ok());
  }
  void TearDown() override {
    if (connection_) {
      const Status dropped = connection_->Exec("DROP SCHEMA " + schema_ + " CASCADE", "drop");
      EXPECT_TRUE(dropped.ok()) << dropped.message();
    }
  }

  Status UseSchema(Connection& connection) {
    return connection.Exec("SET search_path TO " + schema_, "use the test's schema");
  }

  // Applies every PostgreSQL migration in one transaction.
  Status Migrate() {
    Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
    if (!transaction.ok()) return transaction.status();
    for (const Migration& migration : PostgresMigrations()) {
      RN_RETURN_IF_ERROR(
          connection_->Exec(migration.sql, "apply migration " + std::to_string(migration.version)));
    }
    return (*transaction)->Commit();
  }

  Status Run(std::string_view sql, const std::vector<Value>& params = {}) {
    return connection_->Query(sql, params, "run the test's statement").status_or_ok();
  }

  std::vector<Row> Rows(std::string_view sql, const std::vector<Value>& params = {}) {
    Result<std::vector<Row>> rows = connection_->Query(sql, params, "read");
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows.ok() ? std::move(*rows) : std::vector<Row>{};
  }

  // "00000" when `statement` ran, else "SQLSTATE message" (kCreateOutcome).
  std::string Outcome(const std::string& statement) {
    if (!outcome_created_) {
      const Status created = connection_->Exec(kCreateOutcome, "create rn_test_outcome");
      EXPECT_TRUE(created.ok()) << created.message();
      outcome_created_ = true;
    }
    const std::vector<Row> rows = Rows("SELECT rn_test_outcome($1)", {statement});
    return rows.empty() ? "no outcome" : Text(rows[0][0]);
  }

  // `statement` is refused with SQLSTATE 23000 and `message`, which the connection reports as
  // kConflict, as it reports SQLite's constraint errors.
  void ExpectRefused(const std::string& statement, const std::string& message) {
    SCOPED_TRACE(statement);
    EXPECT_EQ(Outcome(statement), "23000 " + message);
    const Status status = connection_->Exec(statement, "run the refused statement");
    EXPECT_EQ(status.code(), StatusCode::kConflict) << status.message();
  }

  std::unique_ptr<Connection> connection_;
  std::string schema_;
  bool outcome_created_ = false;
};

TEST_F(PostgresMigrationsTest, AllApplyInOneTransactionWithSqlitesVersionsAndNames) {
  const std::span<const Migration> postgres = PostgresMigrations();
  const std::span<const Migration> sqlite = SqliteMigrations();
  ASSERT_EQ(postgres.size(), sqlite.size());
  for (size_t index = 0; index < postgres.size(); ++index) {
    EXPECT_EQ(postgres[index].version, static_cast<int>(index) + 1);
    EXPECT_EQ(postgres[index].version, sqlite[index].version);
    EXPECT_EQ(postgres[index].name, sqlite[index].name);
  }

  // All or none: a transaction that ends without its commit leaves nothing behind.
  {
    Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
    ASSERT_TRUE(transaction.ok());
    for (const Migration& migration : postgres) {
      ASSERT_TRUE(connection_->Exec(migration.sql, "apply").ok()) << migration.version;
    }
  }
  EXPECT_TRUE(Rows(kPostgresTables).empty());

  const Status migrated = Migrate();
  ASSERT_TRUE(migrated.ok()) << migrated.message();
  // Committed: another connection sees every table.
  Result<std::unique_ptr<Connection>> other = Connection::Open(TestServerUri());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(UseSchema(**other).ok());
  Result<std::vector<Row>> tables = (*other)->Query(kPostgresTables, {}, "list the tables");
  ASSERT_TRUE(tables.ok()) << tables.status().message();
  EXPECT_EQ(tables->size(), 29u);
}

TEST_F(PostgresMigrationsTest, AtEveryVersionTheSchemaIsSqlites) {
  SqliteDb sqlite;
  for (size_t index = 0; index < SqliteMigrations().size(); ++index) {
    const Migration& sqlite_migration = SqliteMigrations()[index];
    const Migration& postgres_migration = PostgresMigrations()[index];
    SCOPED_TRACE("version " + std::to_string(postgres_migration.version));
    ASSERT_EQ(sqlite.Exec(sqlite_migration.sql), "");
    const Status applied = connection_->Exec(postgres_migration.sql, "apply");
    ASSERT_TRUE(applied.ok()) << applied.message();

    const Schema expected = OnPostgres(ReadSqliteSchema(sqlite), postgres_migration.version);
    const Schema actual = ReadPostgresSchema(*connection_);
    EXPECT_EQ(actual.Tables(), expected.Tables());
    for (const auto& [table, columns] : expected.columns) {
      SCOPED_TRACE(table);
      const auto found = actual.columns.find(table);
      EXPECT_EQ(found == actual.columns.end() ? std::vector<std::string>{} : found->second,
                columns);
    }
    EXPECT_EQ(actual.constraints, expected.constraints);
    EXPECT_EQ(actual.checks, expected.checks);
    EXPECT_EQ(actual.indexes, expected.indexes);
    EXPECT_EQ(actual.triggers, expected.triggers);
  }
}

constexpr std::string_view kAppend =
    "INSERT INTO audit_events (seq, at, actor, action, target, site, remote_address, details, "
    "prev_hash, hash) VALUES ($1, 't', 'a', 'test', 'x', '', '', '{}', $2, $3)";
constexpr std::string_view kAdvance = "UPDATE audit_head SET last_seq = $1, last_hash = $2";

TEST_F(PostgresMigrationsTest, TheAuditTrailIsAppendOnly) {
  ASSERT_TRUE(Migrate().ok());
  const std::string zero(64, '0');
  // A correct append: the entry after the head, and the head advanced to it, together.
  {
    Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(Run(kAppend, {"1", zero, "h1"}).ok());
    const Status advanced = Run(kAdvance, {"1", "h1"});
    ASSERT_TRUE(advanced.ok()) << advanced.message();
    ASSERT_TRUE((*transaction)->Commit().ok());
  }

  const std::string append_only = "audit_events is append-only";
  ExpectRefused(
      "INSERT INTO audit_events VALUES (3, 't', 'a', 'test', 'x', '', '', '{}', 'h1', "
      "'h3')",
      append_only + ": a new entry takes the seq after the head");
  ExpectRefused(
      "INSERT INTO audit_events VALUES (1, 't', 'a', 'test', 'x', '', '', '{}', 'h1', "
      "'h1')",
      append_only + ": a new entry takes the seq after the head");
  ExpectRefused("UPDATE audit_events SET actor = 'someone else' WHERE seq = 1", append_only);
  ExpectRefused(
      "INSERT INTO audit_events VALUES (1, 't', 'a', 'test', 'x', '', '', '{}', 'h1', "
      "'h1') ON CONFLICT (seq) DO UPDATE SET actor = 'someone else'",
      append_only + ": a new entry takes the seq after the head");
  ExpectRefused("DELETE FROM audit_events WHERE seq = 1", append_only);
  ExpectRefused("TRUNCATE audit_events", append_only);
  ExpectRefused("INSERT INTO audit_head VALUES (1, 1, 'h1')", "audit_head holds exactly one row");
  ExpectRefused("DELETE FROM audit_head", "audit_head cannot be deleted");
  ExpectRefused("TRUNCATE audit_head", "audit_head cannot be deleted");

  // Entry 2 is appended, the head not yet advanced: it may only advance to entry 2 and its hash.
  ASSERT_TRUE(Run(kAppend, {"2", "h1", "h2"}).ok());
  const std::string advance_only = "audit_head only advances to the newest audit entry";
  ExpectRefused("UPDATE audit_head SET last_seq = 2, last_hash = 'not h2'", advance_only);
  ExpectRefused("UPDATE audit_head SET last_seq = 3, last_hash = 'h2'", advance_only);
  ExpectRefused("UPDATE audit_head SET last_seq = 1, last_hash = 'h1'", advance_only);
  ExpectRefused("UPDATE audit_head SET last_seq = 0, last_hash = '" + zero + "'", advance_only);
  ExpectRefused("UPDATE audit_head SET id = 2, last_seq = 2, last_hash = 'h2'", advance_only);
  ExpectRefused("UPDATE audit_head SET last_seq = 2, last_hash = NULL", advance_only);
  ExpectRefused("UPDATE audit_head SET last_seq = NULL", advance_only);
  const Status advanced = Run(kAdvance, {"2", "h2"});
  EXPECT_TRUE(advanced.ok()) << advanced.message();
  // Once at 2, staying there is not advancing.
  ExpectRefused("UPDATE audit_head SET last_seq = 2, last_hash = 'h2'", advance_only);

  EXPECT_EQ(Rows("SELECT seq, actor, hash FROM audit_events ORDER BY seq"),
            (std::vector<Row>{{"1", "a", "h1"}, {"2", "a", "h2"}}));
  EXPECT_EQ(Rows("SELECT id, last_seq, last_hash FROM audit_head"),
            (std::vector<Row>{{"1", "2", "h2"}}));
}

TEST_F(PostgresMigrationsTest, UserNamesAreUniqueIgnoringAsciiCaseOnlyAsOnSqlite) {
  ASSERT_TRUE(Migrate().ok());
  SqliteDb sqlite;
  for (const Migration& migration : SqliteMigrations()) ASSERT_EQ(sqlite.Exec(migration.sql), "");

  struct Case {
    std::string name;
    bool taken;  // by a name inserted before it
  };
  const std::vector<Case> cases = {
      {"Alice", false},  {"ALICE", true},    {"alice", true},   {"é", false}, {"É", false},
      {"straße", false}, {"STRASSE", false}, {"Strasse", true}, {"k", false}, {"\u212a", false},
  };
  int id = 0;
  for (const Case& item : cases) {
    SCOPED_TRACE(item.name);
    const std::string user_id = std::to_string(++id);
    const Status postgres =
        Run("INSERT INTO users (id, name, display_name, password_hash, created_at, "
            "password_changed_at) VALUES ($1, $2, '', '', '', '')",
            {user_id, item.name});
    EXPECT_EQ(postgres.code(), item.taken ? StatusCode::kConflict : StatusCode::kOk)
        << postgres.message();
    const int sqlite_code = sqlite.Run(
        "INSERT INTO users (id, name, display_name, password_hash, created_at, "
        "password_changed_at) VALUES (?1, ?2, '', '', '', '')",
        {user_id, item.name});
    EXPECT_EQ(sqlite_code, item.taken ? SQLITE_CONSTRAINT : SQLITE_DONE);
  }

  // A lookup by name as postgres_migrations.cpp says to write it, and the same order as SQLite's.
  constexpr std::string_view kByName =
      "SELECT name FROM users WHERE rn_ascii_lower(name) = "
      "rn_ascii_lower($1)";
  EXPECT_EQ(Rows(kByName, {"aLiCe"}), (std::vector<Row>{{"Alice"}}));
  EXPECT_EQ(Rows(kByName, {"é"}), (std::vector<Row>{{"é"}}));
  EXPECT_EQ(Rows(kByName, {"K"}), (std::vector<Row>{{"k"}}));
  EXPECT_EQ(Rows("SELECT name FROM users ORDER BY rn_ascii_lower(name)"),
            sqlite.Query("SELECT name FROM users ORDER BY name"));
}

TEST_F(PostgresMigrationsTest, ForeignKeysAndChecksAreEnforced) {
  ASSERT_TRUE(Migrate().ok());
  ASSERT_EQ(Outcome("INSERT INTO sites (id, name) VALUES ('s1', 'Site')"), "00000");
  ASSERT_EQ(Outcome("INSERT INTO programs VALUES ('s1', 'p1', 'Program', 'peer')"), "00000");
  ASSERT_EQ(Outcome("INSERT INTO partners VALUES ('s1', 'r1', 'Partner', 'hospital')"), "00000");
  const auto referral = [](const std::string& id, const std::string& program) {
    return "INSERT INTO referrals (id, site_id, program_id, partner_id, first_name, phone, "
           "language, setting, urgency, reason, partner_reference, consent_to_contact, status, "
           "received_by, received_at) VALUES ('" +
           id + "', 's1', '" + program +
           "', 'r1', 'A', '', 'en', 'ed', 'routine', '', '', 1, 'requested', 'x', 0)";
  };
  // 23503: foreign_key_violation.
  EXPECT_EQ(Outcome(referral("f1", "missing")).substr(0, 5), "23503");
  EXPECT_EQ(
      Outcome("INSERT INTO programs VALUES ('missing site', 'p1', 'Program', 'peer')").substr(0, 5),
      "23503");
  EXPECT_EQ(Outcome(referral("f2", "p1")), "00000");
  EXPECT_EQ(Outcome("DELETE FROM programs").substr(0, 5), "23503");
  EXPECT_EQ(Run("UPDATE referrals SET program_id = 'missing'").code(), StatusCode::kConflict);

  const auto message = [](const std::string& state, const std::string& delivered_at) {
    return "INSERT INTO outbox (channel, recipient, subject, body, site_id, about, created_at, "
           "due_at, state, next_attempt_at, delivered_at) VALUES ('sms', '+15555550100', '', "
           "'b', 's1', 'referral:f2', 0, 0, '" +
           state + "', 0, " + delivered_at + ")";
  };
  // 23514: check_violation.
  EXPECT_EQ(Outcome(message("bogus", "NULL")).substr(0, 5), "23514");
  EXPECT_EQ(Outcome(message("delivered", "NULL")).substr(0, 5), "23514");
  EXPECT_EQ(Outcome(message("pending", "5")).substr(0, 5), "23514");
  EXPECT_EQ(Run(message("bogus", "NULL")).code(), StatusCode::kConflict);
  EXPECT_EQ(Outcome(message("delivered", "5")), "00000");
  EXPECT_EQ(Outcome(message("pending", "NULL")), "00000");
  EXPECT_EQ(Outcome("INSERT INTO users (id, name, display_name, password_hash, disabled, "
                    "created_at, password_changed_at) VALUES ('u', 'u', '', '', 2, '', '')")
                .substr(0, 5),
            "23514");
}

TEST_F(PostgresMigrationsTest, DisclosuresAndIdentitiesNumberRowsAsSqliteDoes) {
  ASSERT_TRUE(Migrate().ok());
  // An identity BY DEFAULT takes the ids a copy from SQLite gives and makes its own otherwise.
  ASSERT_EQ(Outcome("INSERT INTO correction_requests (id, listing_id, field, details, created_at) "
                    "VALUES (7, 'l', 'name', 'd', 't')"),
            "00000");
  ASSERT_EQ(Outcome("INSERT INTO correction_requests (listing_id, field, details, created_at) "
                    "VALUES ('l', 'name', 'd', 't')"),
            "00000");
  EXPECT_EQ(Rows("SELECT id FROM correction_requests ORDER BY id"),
            (std::vector<Row>{{"1"}, {"7"}}));

  // disclosures.rowid numbers rows as they are inserted, and only the database sets it.
  ASSERT_EQ(Outcome("INSERT INTO sites (id, name) VALUES ('s1', 'Site')"), "00000");
  ASSERT_EQ(Outcome("INSERT INTO participants VALUES ('p', 's1', 'A', 'B', 'ab', NULL, '', 'en', "
                    "'', 0, '', '', '', 'x', 0, '', NULL, '', NULL, NULL, 1, NULL)"),
            "00000");
  ASSERT_EQ(Outcome("INSERT INTO consents (id, site_id, participant_id, discloser, information, "
                    "information_note, recipients, recipient_class, purposes, expires_on, "
                    "signed_on, signed_how, recorded_by, recorded_at) VALUES ('c', 's1', 'p', "
                    "'d', 'i', '', 'r', '', 'p', '2030-01-01', '2026-01-01', 'paper', 'x', 0)"),
            "00000");
  const auto disclosure = [](const std::string& id) {
    return "INSERT INTO disclosures (id, site_id, participant_id, consent_id, recipient, "
           "recipient_name, purpose, information, description, disclosed_by, disclosed_at) "
           "VALUES ('" +
           id + "', 's1', 'p', 'c', 'r', 'R', 'p', 'i', 'd', 'x', 100)";
  };
  for (const char* id : {"b", "c", "a"}) ASSERT_EQ(Outcome(disclosure(id)), "00000");
  // consent_store.cpp's order: made in the same second, last made first.
  EXPECT_EQ(Rows("SELECT id FROM disclosures ORDER BY disclosed_at DESC, rowid DESC"),
            (std::vector<Row>{{"a"}, {"c"}, {"b"}}));
  EXPECT_EQ(Outcome("UPDATE disclosures SET rowid = 9").substr(0, 5), "428C9");
}

}  // namespace
}  // namespace rn::storage::postgres
