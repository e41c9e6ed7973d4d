/** The socket protocol of CONTRACT §5: one record per frame and their JSON codec. */
package com.companychat.protocol;
