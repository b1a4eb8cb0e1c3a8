#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and its encoding.h then includes ICU's
// headers, which clash with the ICU copy inside swift-corelibs-foundation
// ("UErrorCode is not present in definition ..."). ParserCore never touches
// the ICU converter fields, so the public headers are read without them.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
