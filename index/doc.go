// Package index is rflmatch's system of record: records held in badger under
// one data directory, encrypted at rest, each record sealed with its own data
// key so that it can later be erased for good.
package index
