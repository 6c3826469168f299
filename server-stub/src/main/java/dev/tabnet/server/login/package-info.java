/**
 * Interactive login by phone: a registering tab gets a one-time login URL (shown as a QR code);
 * the operator opens it on a phone, checks the node's name, address, browser and matching code, and
 * approves with the operator credential. Links are single-use, bound to one node key and expire
 * after five minutes. Also the operator's list of active browser nodes, with immediate revoke.
 * Pages are plain HTML forms: no JavaScript, no cookies, nothing cached.
 */
package dev.tabnet.server.login;
