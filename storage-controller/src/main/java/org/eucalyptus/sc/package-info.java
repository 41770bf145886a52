/**
 * The storage controller (SC): one per cluster, it keeps the zone's EBS volumes (sparse files or
 * LVM logical volumes), exports them to node controllers over iSCSI through tgt, and keeps
 * snapshots in Walrus. Its one caller is the cloud controller, through {@code eucalyptus_sc.wsdl}.
 */
package org.eucalyptus.sc;
