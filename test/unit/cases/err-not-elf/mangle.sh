echo "this is not an object file" > a/fixture.o
