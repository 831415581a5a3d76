#ifndef CCURL_H
#define CCURL_H
/// Typed, non-variadic wrappers over libcurl for Swift, which cannot call curl_easy_setopt/getinfo (variadic).
#include <curl/curl.h>
#include <stddef.h>

/// CURLAUTH_BASIC / CURLAUTH_ANY as constants Swift can import (the macros are casts Swift does not import).
static const long CCURL_AUTH_BASIC = (long)CURLAUTH_BASIC;
static const long CCURL_AUTH_ANY = (long)CURLAUTH_ANY;

/// A growable byte buffer filled by ccurl_write_callback (response body).
typedef struct ccurl_buffer {
    char *data;
    size_t length;
    size_t capacity;
} ccurl_buffer;

/// Sets a long option (timeouts, flags, CURLOPT_NOSIGNAL...).
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
/// Sets a string option (URL, CA file, cert, key, custom request...); libcurl copies the string.
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// Sets a pointer option (CURLOPT_WRITEDATA...).
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// Sets a header list option (CURLOPT_HTTPHEADER); the list must outlive the transfer.
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
/// Sets the POST body (copied by libcurl) and its length.
CURLcode ccurl_setopt_postfields(CURL *handle, const char *body, long length);
/// Installs ccurl_write_callback with `buffer` as its target for the response body.
CURLcode ccurl_setopt_write_buffer(CURL *handle, ccurl_buffer *buffer);
/// Reads a long info (CURLINFO_RESPONSE_CODE...).
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// Reads the Retry-After header in seconds (CURLINFO_RETRY_AFTER), 0 when absent.
CURLcode ccurl_getinfo_retry_after(CURL *handle, long long *seconds);
/// Reads a double info (CURLINFO_TOTAL_TIME...).
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value);
/// The write callback: appends to the ccurl_buffer passed as userdata.
size_t ccurl_write_callback(char *ptr, size_t size, size_t nmemb, void *userdata);
/// Empties a buffer without freeing its storage.
void ccurl_buffer_reset(ccurl_buffer *buffer);
/// Frees a buffer's storage.
void ccurl_buffer_free(ccurl_buffer *buffer);
/// Sets a long option of a multi handle (CURLMOPT_MAXCONNECTS...).
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
/// Reads the next finished transfer of a multi handle: 1 with its easy handle and result, 0 when none is left.
int ccurl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);
/// A share object for one thread (no locks): TLS sessions and the DNS cache of every easy handle given it.
CURLSH *ccurl_share_new(void);
#endif
