// Package cpu tells which vector instructions the processor and the
// operating system allow, for the assembly in mask and internal/utf8valid.
package cpu
