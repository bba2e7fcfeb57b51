# Keep the ELF header and a little more: the section headers are gone.
head -c 200 b/fixture.o > truncated.o && mv truncated.o b/fixture.o
