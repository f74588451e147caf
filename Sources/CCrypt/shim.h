// crypt(3) from Debian's libcrypt-dev (libxcrypt): DES and MD5 crypt, as Perl's crypt uses them.
#include <crypt.h>
