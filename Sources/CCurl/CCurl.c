#include "CCurl.h"
#include <stdlib.h>
#include <string.h>

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

CURLcode ccurl_setopt_postfields(CURL *handle, const char *body, long length) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, length);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body);
}

size_t ccurl_write_callback(char *ptr, size_t size, size_t nmemb, void *userdata) {
    ccurl_buffer *buffer = (ccurl_buffer *)userdata;
    size_t n = size * nmemb;
    if (buffer->length + n + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 1024;
        while (buffer->length + n + 1 > capacity) capacity *= 2;
        char *data = realloc(buffer->data, capacity);
        if (data == NULL) return 0; /* makes curl fail with CURLE_WRITE_ERROR */
        buffer->data = data;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, ptr, n);
    buffer->length += n;
    buffer->data[buffer->length] = 0;
    return n;
}

CURLcode ccurl_setopt_write_buffer(CURL *handle, ccurl_buffer *buffer) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, ccurl_write_callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_WRITEDATA, (void *)buffer);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode ccurl_getinfo_retry_after(CURL *handle, long long *seconds) {
    curl_off_t value = 0;
    CURLcode code = curl_easy_getinfo(handle, CURLINFO_RETRY_AFTER, &value);
    *seconds = (long long)value;
    return code;
}

CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

void ccurl_buffer_reset(ccurl_buffer *buffer) {
    buffer->length = 0;
    if (buffer->data) buffer->data[0] = 0;
}

void ccurl_buffer_free(ccurl_buffer *buffer) {
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = 0;
    buffer->capacity = 0;
}

CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

int ccurl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result) {
    int left = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(multi, &left)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *easy = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}

CURLSH *ccurl_share_new(void) {
    CURLSH *share = curl_share_init();
    if (share == NULL) return NULL;
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    return share;
}
