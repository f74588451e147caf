#ifndef CHATENGINE_LIBXML2_SHIM_H
#define CHATENGINE_LIBXML2_SHIM_H
// Debian's libxml2 is built with ICU; its headers would pull in the system ICU, whose symbols clash with
// the ICU inside Foundation. We never use libxml2's ICU encoders, so turn that part of the headers off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#endif
