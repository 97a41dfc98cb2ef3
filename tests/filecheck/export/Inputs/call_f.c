/* Calls the exported f of object.mlir (its header is made by the RUN line). */
#include <stdio.h>
#include "f.h"

int main(void) {
    int64_t r = 0;
    int32_t status = f(3, -4, &r);
    printf("status %d result %ld\n", (int)status, (long)r);
    status = f(3, 0, &r);
    printf("status %d (MYIA_ZERO_DIVISION %d): %s\n", (int)(status & 0xff), MYIA_ZERO_DIVISION,
           f_error_message(status));
    return 0;
}
