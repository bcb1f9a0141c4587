module example.com/dumpzoo

go 1.19
