package org.eucalyptus.clc.console;

/** What a form did, and the page to show it on (Post/Redirect/Get). */
record Done(String message, String back) {}
