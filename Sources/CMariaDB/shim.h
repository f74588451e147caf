// MariaDB Connector/C from Debian's libmariadb-dev (pkg-config libmariadb): the client API with prepared statements.
#include <mysql.h>
