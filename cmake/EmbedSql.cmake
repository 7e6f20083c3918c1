# Writes OUT (a .cpp) holding every numbered migration in SQL_DIR as data,
# so the chizai binary carries its schema and needs no path at run time.
# Usage: cmake -DSQL_DIR=… -DOUT=… -P EmbedSql.cmake
file(GLOB files "${SQL_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" text)
  string(APPEND body "    {\"${name}\", R\"chizai_sql(${text})chizai_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from sql/ by cmake/EmbedSql.cmake. Do not edit.\n#include \"store/migrate.h\"\n\nnamespace chizai {\n\nstd::vector<MigrationFile> embedded_migration_files() {\n  return {\n${body}  };\n}\n\n}  // namespace chizai\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
