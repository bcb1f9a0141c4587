module example.com/manystacks

go 1.19
