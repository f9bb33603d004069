-- One row per import of a ledger table, newest first. Params: none
select import_id, imported_at, file_name, table_name, row_count, status, message
from imports
order by import_id desc
