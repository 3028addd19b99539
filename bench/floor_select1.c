/* The floor of any chatcost command: a minimal libpq client that connects and runs SELECT 1.
 * bench/reports_bench.py builds it (cc ... -lpq) and times it in the same run as the reports. */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: floor_select1 CONNINFO\n");
        return 2;
    }
    PGconn* connection = PQconnectdb(argv[1]);
    if (PQstatus(connection) != CONNECTION_OK) {
        fprintf(stderr, "%s", PQerrorMessage(connection));
        return 4;
    }
    PGresult* result = PQexec(connection, "SELECT 1");
    int ok = PQresultStatus(result) == PGRES_TUPLES_OK;
    PQclear(result);
    PQfinish(connection);
    return ok ? 0 : 5;
}
